// A new conversation's title, made from its first prompt.
const TITLE_MAX = 50;

/** A title from the first prompt: its words without markdown, cut at a word within 50 characters. */
export function titleOf(text) {
  const plain = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim() || text.trim().replace(/\s+/g, ' ');
  if (plain.length <= TITLE_MAX) return plain;
  const cut = plain.slice(0, TITLE_MAX + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : plain.slice(0, TITLE_MAX)).replace(/[\s.,;:!?-]+$/, '')}…`;
}
