/**
 * Test helpers shared across modules, used in test scope only: the {@code NetworkProvider}
 * contract suite every provider runs, a fake Azure Resource Manager, and process fixtures.
 */
package io.causeway.testkit;
