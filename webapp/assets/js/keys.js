// The studio's keyboard: where the skip link leads, and the shortcuts — Ctrl+Shift+O new
// conversation, "/" (outside a text field) search, Esc closes the phone's drawer or stops the answer.

/** The skip link: past the header and the list, to the messages (or the composer when there are none). */
export function skipToChat(main) {
  const log = main.querySelector('.transcript');
  if (log && log.querySelector('.entry')) log.focus();
  else main.querySelector('.composer-input')?.focus();
}

/**
 * The document's keydown listener for a studio: create(), drawer(open), stop(conversation),
 * sidebar.search, layout, activeId, conversations. phone: the media query of the phone layout.
 */
export function studioKeys(studio, phone) {
  return (event) => {
    if (shortcut(studio, phone, event)) {
      event.preventDefault();
      return;
    }
    if (event.key !== 'Escape' || document.querySelector('dialog[open]')) return;
    if (studio.layout.classList.contains('drawer-open')) {
      studio.drawer(false);
      return;
    }
    const conversation = studio.activeId && studio.conversations.get(studio.activeId);
    if (conversation?.running) {
      event.preventDefault();
      studio.stop(conversation);
    }
  };
}

function shortcut(studio, phone, event) {
  if (document.querySelector('dialog[open]')) return false;
  if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'o') {
    studio.create();
    return true;
  }
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || '');
  if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    if (phone.matches) studio.drawer(true);
    studio.sidebar.search.focus();
    return true;
  }
  return false;
}
