import { isRecord } from './http-util.ts';

/**
 * Card JSON 2.0 as Feishu validates it: unlike 1.0, unknown tags and unknown attributes are
 * errors, not ignored (2.0 breaking-change notes, reference/feishu.md §5). The lists are the
 * documented attributes of the components our builders use plus their common layout attributes;
 * a component we never send is refused as unknown here, which is the safe direction for a fake.
 * The header is optional (Feishu shows a header-less card; the markdown replies use that).
 */

const COMMON = ['tag', 'element_id', 'margin'];
const ELEMENT_ATTRIBUTES: Record<string, string[]> = {
  markdown: [...COMMON, 'content', 'text_size', 'text_align', 'icon', 'href'],
  div: [...COMMON, 'text', 'fields', 'icon', 'text_size', 'text_align', 'text_color'],
  hr: [...COMMON],
  column_set: [...COMMON, 'flex_mode', 'horizontal_spacing', 'horizontal_align', 'background_style', 'columns', 'action'],
  column: [...COMMON, 'width', 'weight', 'vertical_align', 'vertical_spacing', 'horizontal_align', 'horizontal_spacing', 'direction', 'padding', 'background_style', 'elements'],
  button: [...COMMON, 'type', 'size', 'width', 'text', 'icon', 'hover_tips', 'disabled', 'disabled_tips', 'confirm', 'behaviors', 'name', 'form_action_type'],
  form: [...COMMON, 'name', 'elements', 'direction', 'padding', 'horizontal_spacing', 'vertical_spacing', 'horizontal_align', 'vertical_align'],
  input: [...COMMON, 'name', 'required', 'disabled', 'placeholder', 'default_value', 'width', 'max_length', 'input_type', 'show_icon', 'rows', 'auto_resize', 'max_rows', 'label', 'label_position', 'value', 'confirm', 'fallback', 'behaviors'],
  select_static: [...COMMON, 'name', 'required', 'disabled', 'type', 'width', 'placeholder', 'initial_option', 'initial_index', 'options', 'value', 'confirm', 'behaviors'],
};
const CARD_ATTRIBUTES = ['schema', 'config', 'card_link', 'header', 'body'];
const CONFIG_ATTRIBUTES = ['update_multi', 'width_mode', 'summary', 'streaming_mode', 'streaming_config', 'enable_forward', 'enable_forward_interaction', 'locales', 'use_custom_translation', 'style'];
const HEADER_ATTRIBUTES = ['title', 'subtitle', 'template', 'icon', 'text_tag_list', 'i18n_text_tag_list', 'padding'];
const BODY_ATTRIBUTES = ['elements', 'direction', 'padding', 'horizontal_spacing', 'vertical_spacing', 'horizontal_align', 'vertical_align'];
const BEHAVIOR_TYPES = new Set(['callback', 'open_url', 'form_action']);
const HEADER_TEMPLATES = new Set(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default']);

const unknownKey = (object: Record<string, unknown>, allowed: string[]): string | undefined => Object.keys(object).find((k) => !allowed.includes(k));

/** First problem of a Card JSON 2.0 document, or undefined. */
export function cardV2Problem(card: Record<string, unknown>): string | undefined {
  if (card.schema !== '2.0') return 'schema must be "2.0" (the fake accepts Card JSON 2.0 only)';
  if (card.elements !== undefined) return 'top-level elements is Card JSON 1.0; use body.elements';
  const extra = unknownKey(card, CARD_ATTRIBUTES);
  if (extra) return `unknown attribute "${extra}" on the card`;
  if (card.config !== undefined) {
    if (!isRecord(card.config)) return 'config must be an object';
    const bad = unknownKey(card.config, CONFIG_ATTRIBUTES);
    if (bad) return `unknown attribute "${bad}" in config`;
  }
  if (card.header !== undefined) {
    const header = card.header;
    if (!isRecord(header) || !isRecord(header.title) || typeof header.title.content !== 'string') return 'header.title.content is required';
    const bad = unknownKey(header, HEADER_ATTRIBUTES);
    if (bad) return `unknown attribute "${bad}" in header`;
    if (header.template !== undefined && !HEADER_TEMPLATES.has(String(header.template))) return `unknown header template "${String(header.template)}"`;
  }
  if (!isRecord(card.body) || !Array.isArray(card.body.elements)) return 'body.elements must be an array';
  const bad = unknownKey(card.body, BODY_ATTRIBUTES);
  if (bad) return `unknown attribute "${bad}" in body`;
  return elementsProblem(card.body.elements, 'body.elements', true);
}

/**
 * The form container (Card JSON 2.0 docs): only at the card's root, never nested; every
 * interactive component inside needs a `name`; it needs a button with `form_action_type: submit`.
 */
function formProblem(el: Record<string, unknown>, at: string, root: boolean): string | undefined {
  if (!root) return `${at}: a form container can only be placed at the root of the card body`;
  if (typeof el.name !== 'string' || el.name === '') return `${at}.name is required`;
  const children = Array.isArray(el.elements) ? (el.elements as unknown[]) : [];
  for (const [i, child] of children.entries()) {
    if (isRecord(child) && ['input', 'button', 'select_static'].includes(String(child.tag)) && (typeof child.name !== 'string' || child.name === '')) return `${at}.elements[${i}].name is required inside a form`;
  }
  if (!children.some((c) => isRecord(c) && c.tag === 'button' && c.form_action_type === 'submit')) return `${at}: a form needs a button with form_action_type "submit"`;
  return undefined;
}

function elementsProblem(elements: unknown[], path: string, root = false): string | undefined {
  for (const [i, el] of elements.entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(el) || typeof el.tag !== 'string') return `${at}.tag is required`;
    if (el.tag === 'form') {
      const problem = formProblem(el, at, root);
      if (problem) return problem;
    }
    // 2.0 dropped the "action" module: buttons sit directly in elements or in columns.
    if (el.tag === 'action') return `${at}: tag "action" is not supported in Card JSON 2.0`;
    const allowed = ELEMENT_ATTRIBUTES[el.tag];
    if (!allowed) return `${at}: unknown tag "${el.tag}"`;
    const extra = unknownKey(el, allowed);
    if (extra) return `${at}: unknown attribute "${extra}" on ${el.tag}`;
    if (el.tag === 'markdown' && typeof el.content !== 'string') return `${at}.content is required`;
    if (el.tag === 'form') {
      const problem = formProblem(el, at, root);
      if (problem) return problem;
    }
    if (el.tag === 'button') {
      if (!isRecord(el.text) || typeof el.text.content !== 'string') return `${at}.text.content is required`;
      if (el.behaviors !== undefined) {
        if (!Array.isArray(el.behaviors)) return `${at}.behaviors must be an array`;
        for (const b of el.behaviors) {
          if (!isRecord(b) || !BEHAVIOR_TYPES.has(String(b.type))) return `${at}.behaviors: unknown behaviour type`;
          if (b.type === 'callback' && !isRecord(b.value)) return `${at}.behaviors: a callback value must be an object`;
          if (b.type === 'open_url' && typeof b.default_url !== 'string') return `${at}.behaviors: open_url needs default_url`;
        }
      }
    }
    if (el.tag === 'column_set' && !Array.isArray(el.columns)) return `${at}.columns must be an array`;
    for (const key of ['elements', 'columns'] as const) {
      const nested = el[key];
      if (nested === undefined) continue;
      if (!Array.isArray(nested)) return `${at}.${key} must be an array`;
      if (key === 'columns' && nested.some((c) => !isRecord(c) || c.tag !== 'column')) return `${at}.columns may hold only column`;
      const problem = elementsProblem(nested, `${at}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
