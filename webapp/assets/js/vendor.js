// Library files served from the WebJars in WEB-INF/lib; versions match pom.xml (UiAssetsIT checks).
export const MARKED = 'webjars/marked/17.0.1/lib/marked.esm.js';
export const DOMPURIFY = 'webjars/dompurify/3.3.3/dist/purify.min.js';
export const HIGHLIGHT = 'webjars/highlightjs/11.11.1/highlight.min.js';
export const HIGHLIGHT_CSS = 'webjars/highlightjs/11.11.1/styles/github.min.css';
