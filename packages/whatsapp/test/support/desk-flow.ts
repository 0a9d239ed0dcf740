/** The calls tests' bot (calls-serve, calls-late-answer): one question, then a call whose answer's `reference` is shown (or the fallback). */
export const DESK_FLOW = `bot desk
  languages: en "English"
  start: home
  commands:
    home: "0", "menu"

endpoint desk
  url: env DESK_URL
  secret: env DESK_SECRET
  timeout: 2s
  sends: problem
  answers: reference

menu home
  text:
    en: "Welcome to the desk. Choose:"
  option report -> problem
    en: "Report a problem"

input problem
  text:
    en: "Describe the problem:"
  var: problem
  expect: any
  then -> submit

call submit
  endpoint: desk
  send:
    problem: "{problem}"
  receive:
    reference -> ref
  then -> submitted
  fallback -> failed

page submitted
  text:
    en: "Registered: {ref}"
  then home

page failed
  text:
    en: "Sorry, it could not be sent just now."
  then home
`;
