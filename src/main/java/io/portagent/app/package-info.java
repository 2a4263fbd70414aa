/**
 * The composition root: {@link io.portagent.app.Lifecycle} starts and stops the service with the
 * web application and offers its parts to CDI, {@link io.portagent.app.Components} builds those
 * parts from the lower floors in the order they need each other, and the two JAX-RS applications
 * say which resources and providers each path serves. Nothing below this package knows it.
 */
package io.portagent.app;
