/**
 * The composition root, where the lower floors are put together into the running application:
 * the two JAX-RS applications and which resources and providers each one serves.
 */
package io.portagent.app;
