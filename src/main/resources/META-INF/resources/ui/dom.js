// Building the pages' elements: text is always set as text, never parsed as HTML.

/** An element with attributes ("class", "text", "on<event>" handlers, others as attributes) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/**
 * A search snippet's text as nodes: the words the search marked ("<mark>" … "</mark>") in mark
 * elements, everything else as text — nothing of the snippet is parsed as HTML.
 */
export function highlighted(snippet) {
  const nodes = [];
  const parts = String(snippet).split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) nodes.push(marked ? el("mark", { text: part }) : document.createTextNode(part));
  }
  return nodes;
}
