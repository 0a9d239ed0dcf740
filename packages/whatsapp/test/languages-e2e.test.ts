/**
 * A bot in a language without built-in system texts, end to end: the real `samvad serve
 * examples/gujarati.flow` and `samvad fake-graph-api`. What WhatsApp receives — the list's button
 * and section, the prompt above a page's buttons, the Back / Main menu buttons — is the flow's
 * Gujarati, not English.
 */
import { describe, expect, it } from 'vitest';
import { fakeGraphForFile, serveAgainst } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'gu-app-secret';
const TOKEN = 'gu-access-token';
const USER = '919700000071';

const fake = fakeGraphForFile('gu', TOKEN);
const sent = () => fake.sent();
const stores = storesForFile(fake);

describe.each(stores)('samvad serve on $name with a Gujarati bot (real processes)', (store) => {
  it("sends the flow's Gujarati for the list button and section, 'What next?', Back and Main menu", async () => {
    await fake.clearSent();
    const server = await serveAgainst(fake, ['examples/gujarati.flow', '--no-watch'], { secret: SECRET, db: await store.db('gu.db'), extra: store.env });
    try {
      const say = async (text: string) => {
        const res = await postWebhook(server.url, deliveryBody([{ from: USER, text, id: newWamid() }]), SECRET);
        expect(res.status).toBe(200);
      };
      await say('નમસ્તે');
      const [home] = await waitFor('the welcome list', async () => {
        const sends = await sent();
        return sends.length >= 1 ? sends : undefined;
      });
      const list = home?.body.interactive as { type: string; action: { button: string; sections: { title: string; rows: { title: string }[] }[] } };
      expect(list.type).toBe('list');
      expect(list.action.button).toBe('વિકલ્પો જુઓ');
      expect(list.action.sections[0]?.title).toBe('વિકલ્પો');
      expect(list.action.sections[0]?.rows.map((r) => r.title)).toEqual(['કચેરીનો સમય', 'જરૂરી દસ્તાવેજો', 'અરજી કેવી રીતે કરવી', 'સંપર્ક']);

      await say('1');
      const sends = await waitFor('the page and its way on', async () => {
        const all = await sent();
        return all.length >= 3 ? all : undefined;
      });
      const wayOn = sends[2]?.body.interactive as { type: string; body: { text: string }; action: { buttons: { reply: { title: string } }[] } };
      expect(wayOn.type).toBe('button');
      expect(wayOn.body.text).toBe('આગળ શું?');
      expect(wayOn.action.buttons.map((b) => b.reply.title)).toEqual(['પાછળ', 'મુખ્ય મેનૂ']);
      const everything = JSON.stringify(sends.map((s) => s.body));
      for (const english of ['See options', 'Options', 'What next?', 'Back', 'Main menu']) expect(everything).not.toContain(`"${english}"`);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
