/** The outbound request bodies this adapter sends to `POST /{phone-number-id}/messages`. */

interface Base {
  readonly messaging_product: 'whatsapp';
  readonly recipient_type: 'individual';
  readonly to: string;
}

export interface TextBody extends Base {
  readonly type: 'text';
  readonly text: { readonly body: string; readonly preview_url?: boolean };
}

export interface ReplyButtonsBody extends Base {
  readonly type: 'interactive';
  readonly interactive: {
    readonly type: 'button';
    readonly body: { readonly text: string };
    readonly action: {
      readonly buttons: readonly {
        readonly type: 'reply';
        readonly reply: { readonly id: string; readonly title: string };
      }[];
    };
  };
}

export interface ListBody extends Base {
  readonly type: 'interactive';
  readonly interactive: {
    readonly type: 'list';
    readonly body: { readonly text: string };
    readonly action: {
      readonly button: string;
      readonly sections: readonly {
        readonly title: string;
        readonly rows: readonly { readonly id: string; readonly title: string; readonly description?: string }[];
      }[];
    };
  };
}

/** Call-to-action URL button (see `cta.ts`). Not in Meta's v23 OpenAPI spec; shape from the CTA URL doc. */
export interface CtaUrlBody extends Base {
  readonly type: 'interactive';
  readonly interactive: {
    readonly type: 'cta_url';
    readonly body: { readonly text: string };
    readonly action: {
      readonly name: 'cta_url';
      readonly parameters: { readonly display_text: string; readonly url: string };
    };
  };
}

/** Media by link: `caption` ≤ 1024 characters; `filename` (documents) is the name the citizen sees. */
export type MediaBody =
  | (Base & { readonly type: 'image'; readonly image: { readonly link: string; readonly caption?: string } })
  | (Base & { readonly type: 'video'; readonly video: { readonly link: string; readonly caption?: string } })
  | (Base & { readonly type: 'document'; readonly document: { readonly link: string; readonly caption?: string; readonly filename?: string } });

/** Any body `renderWhatsApp` produces. */
export type WhatsAppBody = TextBody | ReplyButtonsBody | ListBody | CtaUrlBody | MediaBody;

/** The common envelope fields. */
export function envelope(to: string): Base {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to };
}
