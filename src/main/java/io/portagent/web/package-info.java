/**
 * The browser's front door: the single-page app's shell for its routes (with a base that works
 * under any context path or proxy prefix) and the security headers on every response. The UI
 * itself is static ES modules and CSS under {@code webapp/assets}, libraries from WebJars.
 */
package io.portagent.web;
