/**
 * Test helpers shared across modules, used in test scope only: {@link
 * io.causeway.testkit.NetworkProviderContract}, the JUnit contract every {@code NetworkProvider}
 * runs (with {@link io.causeway.testkit.CustomerVnet} fixtures); {@link
 * io.causeway.testkit.FakeArm}, a stateful HTTPS fake of Azure Resource Manager and of the Entra
 * token endpoint built from the recorded peering session; and {@link
 * io.causeway.testkit.SelfSignedCertificate}, runtime test certificates made with the JDK's
 * keytool.
 */
package io.causeway.testkit;
