/**
 * What the phone preview shows for one WhatsApp message: a `Bubble`, plain JSON (the server may
 * compute it and send it to the page as is). Built by `previewOf` from the very Cloud API body
 * `samvad serve` sends, drawn by `renderBubble` in the browser.
 */

/** A WhatsApp inline style: `*bold*`, `_italic_`, `~strike~`, ```` ```mono``` ````. */
export type SpanStyle = 'bold' | 'italic' | 'strike' | 'mono';

/** A run of text with the same styles; `href` when it is a link WhatsApp makes tappable. */
export interface TextSpan {
  readonly text: string;
  readonly styles: readonly SpanStyle[];
  readonly href?: string;
}

/** A text as WhatsApp shows it: `raw` is exactly what was sent, `spans` what is drawn (markers removed). */
export interface FormattedText {
  readonly raw: string;
  readonly spans: readonly TextSpan[];
}

/** A reply button under a bubble (a WhatsApp `button` message has 1–3). */
export interface PreviewButton {
  readonly id: string;
  readonly title: string;
}

/** One row of a list message's sheet. */
export interface PreviewRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/** One section of a list message's sheet. */
export interface PreviewSection {
  readonly title: string;
  readonly rows: readonly PreviewRow[];
}

/**
 * One message bubble on the phone:
 * - `text`: a text message (numbered-text menus and split pages arrive as several of these);
 * - `buttons`: a body with reply buttons under it;
 * - `list`: a body with a button that opens a bottom sheet of sections and rows;
 * - `link`: a body with a call-to-action URL button;
 * - `media`: an image, video or document placeholder with its caption (a document shows its file name).
 */
export type Bubble =
  | { readonly kind: 'text'; readonly text: FormattedText; readonly previewUrl: boolean }
  | { readonly kind: 'buttons'; readonly body: FormattedText; readonly buttons: readonly PreviewButton[] }
  | {
      readonly kind: 'list';
      readonly body: FormattedText;
      /** The label of the button that opens the sheet (also the sheet's heading). */
      readonly button: string;
      readonly sections: readonly PreviewSection[];
    }
  | { readonly kind: 'link'; readonly body: FormattedText; readonly label: string; readonly url: string }
  | {
      readonly kind: 'media';
      readonly mediaType: 'image' | 'document' | 'video';
      readonly url: string;
      /** A document's name as the chip shows it (from the body, else the address). */
      readonly filename?: string;
      readonly caption?: FormattedText;
    };

/** Exactly the words a bubble puts on screen, for comparing with what was sent. */
export interface BubbleTexts {
  /** Body, text or caption, as sent (formatting markers included). */
  readonly texts: readonly string[];
  /** Reply-button titles, the list's button label, or the link button's label. */
  readonly buttons: readonly string[];
  /** List rows as `title` or `title — description`. */
  readonly rows: readonly string[];
}

/** What `renderBubble` calls when the author taps a reply button or picks a list row. */
export interface BubbleHandlers {
  readonly onTap: (id: string, title: string) => void;
  readonly onPickRow: (id: string, title: string) => void;
}
