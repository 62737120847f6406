package io.causeway.store;

/**
 * The repositories bound to one database transaction (see {@link Store#inTransaction}). Every
 * call through them joins the transaction; they must not be used after it ends, nor from another
 * thread. Do not catch a {@link StoreException} inside the transaction and carry on: on
 * PostgreSQL the transaction is aborted by then; let it propagate (the transaction rolls back).
 * Calls through the {@link Store}'s own repositories inside the function run on other
 * connections: they do not see the transaction's writes and may wait for its locks.
 */
public final class Tx {
  private final OrganizationRepository organizations;
  private final TokenRepository tokens;
  private final ControlPlaneRepository controlPlanes;
  private final NetworkRepository networks;
  private final TransitGatewayRepository transitGateways;
  private final CoreEntityRepository coreEntities;
  private final JoinTokenRepository joinTokens;
  private final NodeRepository nodes;
  private final ConfigurationRepository configurations;
  private final LocalVnetRepository localVnets;

  Tx(Db db) {
    this.organizations = new OrganizationRepository(db);
    this.tokens = new TokenRepository(db);
    this.controlPlanes = new ControlPlaneRepository(db);
    this.networks = new NetworkRepository(db);
    this.transitGateways = new TransitGatewayRepository(db);
    this.coreEntities = new CoreEntityRepository(db);
    this.joinTokens = new JoinTokenRepository(db);
    this.nodes = new NodeRepository(db);
    this.configurations = new ConfigurationRepository(db);
    this.localVnets = new LocalVnetRepository(db);
  }

  public OrganizationRepository organizations() {
    return organizations;
  }

  public TokenRepository tokens() {
    return tokens;
  }

  public ControlPlaneRepository controlPlanes() {
    return controlPlanes;
  }

  public NetworkRepository networks() {
    return networks;
  }

  public TransitGatewayRepository transitGateways() {
    return transitGateways;
  }

  public CoreEntityRepository coreEntities() {
    return coreEntities;
  }

  public JoinTokenRepository joinTokens() {
    return joinTokens;
  }

  public NodeRepository nodes() {
    return nodes;
  }

  public ConfigurationRepository configurations() {
    return configurations;
  }

  public LocalVnetRepository localVnets() {
    return localVnets;
  }
}
