/** Graph API error envelopes as Meta returns them (see `test/fixtures/meta/payloads/error-*.json`). */

const TITLES: Readonly<Record<number, { title: string; details: string }>> = {
  130429: { title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details: 'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  131057: { title: 'Account in maintenance mode', details: 'Business Account is in maintenance mode.' },
  131047: {
    title: 'Re-engagement message',
    details: 'More than 24 hours have passed since the recipient last replied to the sender number.',
  },
  131000: { title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
  100: { title: 'Invalid parameter', details: 'A parameter is missing, misspelled or over its length limit.' },
  190: { title: 'Access token has expired', details: 'Error validating access token.' },
};

/** The JSON error body for `code`. */
export function errorEnvelope(code: number, details?: string): object {
  const known = TITLES[code] ?? { title: 'Error', details: 'Injected failure.' };
  return {
    error: {
      message: `(#${code}) ${known.title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: details ?? known.details },
      fbtrace_id: `Fake${Math.random().toString(36).slice(2, 14)}`,
    },
  };
}
