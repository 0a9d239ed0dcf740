/**
 * Built-in system messages and command words. The compiler copies these into every graph
 * (a flow may override any of them); the runtime only ever reads `graph.messages`.
 */
import type { CommandKind, LocalizedText, MessageKey } from './types.js';

/**
 * Every system message in Marathi, Hindi and English. `invalid` names the valid choices through
 * `{choices}` (filled by the runtime); `help` lists the global commands; `what_next` is the prompt
 * above a page's way-on buttons; `help_label` titles the help choice offered after too many misses.
 * The last three are the adapter's words around a menu: the button that opens a WhatsApp list
 * (≤ 20 characters), the list's section heading (≤ 24), the line above a numbered menu.
 * `did_you_mean` asks which of two or three services a message meant. `call_waiting` answers a
 * message that arrives while a `call` is on its way to an endpoint (the citizen must wait for it).
 */
export const defaultMessages: Readonly<Record<MessageKey, LocalizedText>> = {
  invalid: {
    mr: 'माफ करा, हे समजले नाही. कृपया यापैकी एक निवडा: {choices}',
    hi: 'क्षमा करें, यह समझ नहीं आया। कृपया इनमें से एक चुनें: {choices}',
    en: "Sorry, I didn't understand that. Please choose one of: {choices}",
  },
  too_many_retries: {
    mr: 'माफ करा, अजूनही समजले नाही. आपण मुख्य मेनूवर जाऊ शकता किंवा मदत पाहू शकता.',
    hi: 'क्षमा करें, अब भी समझ नहीं आया। आप मुख्य मेनू पर जा सकते हैं या मदद देख सकते हैं।',
    en: "Sorry, I still didn't understand. You can go to the main menu or see help.",
  },
  unsupported: {
    mr: 'क्षमस्व, मी फक्त मजकूर आणि बटणे वाचू शकतो. कृपया पर्याय क्रमांक टाइप करा.',
    hi: 'क्षमा करें, मैं केवल टेक्स्ट और बटन पढ़ सकता हूँ। कृपया विकल्प का नंबर लिखें।',
    en: 'Sorry, I can only read text and buttons. Please type an option number.',
  },
  welcome_back: {
    mr: 'पुन्हा स्वागत आहे! 🙏 आपण मुख्य मेनूपासून सुरू करूया.',
    hi: 'फिर से स्वागत है! 🙏 आइए मुख्य मेनू से शुरू करें।',
    en: "Welcome back! 🙏 Let's start again from the main menu.",
  },
  help: {
    mr: 'मदत: पर्यायाचा क्रमांक किंवा नाव टाइप करा.\n0 किंवा "मेनू" – मुख्य मेनू\n# किंवा "मागे" – मागील पायरी\n"भाषा" – भाषा बदला\n"पुन्हा सुरू" – नव्याने सुरुवात',
    hi: 'मदद: विकल्प का नंबर या नाम लिखें।\n0 या "मेनू" – मुख्य मेनू\n# या "पीछे" – पिछला चरण\n"भाषा" – भाषा बदलें\n"फिर से शुरू" – नई शुरुआत',
    en: 'Help: type an option number or its name.\n0 or "menu" – main menu\n# or "back" – previous step\n"language" – change language\n"restart" – start over',
  },
  choose_language: {
    mr: 'कृपया भाषा निवडा:',
    hi: 'कृपया भाषा चुनें:',
    en: 'Please choose a language:',
  },
  moved: {
    mr: 'ही सेवा अद्ययावत झाली आहे; आपण जवळच्या उपलब्ध पायरीवर आहात.',
    hi: 'यह सेवा अपडेट हो गई है; आप निकटतम उपलब्ध चरण पर हैं।',
    en: 'This service has been updated; you are at the nearest step that still exists.',
  },
  source_failed: {
    mr: 'माफ करा, ही माहिती सध्या मिळू शकली नाही. कृपया थोड्या वेळाने पुन्हा प्रयत्न करा.',
    hi: 'क्षमा करें, यह जानकारी अभी नहीं मिल सकी। कृपया थोड़ी देर बाद फिर प्रयास करें।',
    en: "Sorry, this information couldn't be fetched right now. Please try again later.",
  },
  ended: {
    mr: 'धन्यवाद! 🙏 पुन्हा सुरू करण्यासाठी कोणताही संदेश पाठवा.',
    hi: 'धन्यवाद! 🙏 फिर से शुरू करने के लिए कोई भी संदेश भेजें।',
    en: 'Thank you! 🙏 Send any message to start again.',
  },
  back_label: { mr: 'मागे', hi: 'पीछे', en: 'Back' },
  home_label: { mr: 'मुख्य मेनू', hi: 'मुख्य मेनू', en: 'Main menu' },
  next_label: { mr: 'पुढे', hi: 'आगे', en: 'Next' },
  help_label: { mr: 'मदत', hi: 'मदद', en: 'Help' },
  what_next: { mr: 'पुढे काय?', hi: 'आगे क्या?', en: 'What next?' },
  list_button: { mr: 'पर्याय पहा', hi: 'विकल्प देखें', en: 'See options' },
  list_section: { mr: 'पर्याय', hi: 'विकल्प', en: 'Options' },
  numbered_hint: { mr: 'क्रमांक पाठवा:', hi: 'नंबर भेजें:', en: 'Reply with a number:' },
  did_you_mean: {
    mr: 'आपल्याला यापैकी कोणती सेवा हवी आहे?',
    hi: 'आपको इनमें से कौन-सी सेवा चाहिए?',
    en: 'Did you mean one of these?',
  },
  call_waiting: {
    mr: '⏳ कृपया थोडा वेळ थांबा — आम्ही आपली विनंती पाठवत आहोत…',
    hi: '⏳ कृपया थोड़ी देर प्रतीक्षा करें — हम आपका अनुरोध भेज रहे हैं…',
    en: '⏳ Please wait — we are sending your request…',
  },
};

/** Languages whose system texts are built in; a flow in any other language writes them all under `messages:`. */
export const builtInMessageLanguages: readonly string[] = ['mr', 'hi', 'en'];

/** Built-in words for the global commands in Marathi, Hindi and English (plus `0`, `#`, `menu`). */
export const defaultCommandWords: Readonly<Record<CommandKind, readonly string[]>> = {
  home: ['0', 'menu', 'home', 'main menu', 'मेनू', 'मुख्य मेनू', 'होम'],
  back: ['#', 'back', 'मागे', 'पीछे', 'वापस'],
  help: ['help', '?', 'मदत', 'मदद', 'सहायता'],
  language: ['language', 'lang', 'भाषा', 'भाषा बदला', 'भाषा बदलें'],
  restart: ['restart', 'start over', 'पुन्हा सुरू', 'फिर से शुरू', 'रीस्टार्ट'],
};
