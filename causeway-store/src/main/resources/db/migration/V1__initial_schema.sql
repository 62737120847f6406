-- Causeway control plane schema. Portable SQL: runs unchanged on H2 2.x (regular mode) and
-- PostgreSQL 15. Timestamps are stored with time zone and millisecond precision (the store
-- truncates to milliseconds before writing, so values round-trip exactly). JSON documents the
-- control plane encodes are plain VARCHAR: the store never looks inside them.

CREATE TABLE organizations (
  id UUID NOT NULL,
  name VARCHAR(255) NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT organizations_pkey PRIMARY KEY (id),
  CONSTRAINT organizations_name_key UNIQUE (name)
);

CREATE TABLE api_tokens (
  id UUID NOT NULL,
  organization_id UUID NOT NULL,
  name VARCHAR(255) NOT NULL,
  token_hash VARCHAR(64) NOT NULL,
  role VARCHAR(64) NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  last_used_at TIMESTAMP(3) WITH TIME ZONE,
  revoked BOOLEAN DEFAULT FALSE NOT NULL,
  CONSTRAINT api_tokens_pkey PRIMARY KEY (id),
  CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT api_tokens_organization_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_organization_idx ON api_tokens (organization_id, created_at);

CREATE TABLE control_planes (
  id UUID NOT NULL,
  organization_id UUID NOT NULL,
  name VARCHAR(255) NOT NULL,
  description VARCHAR(4000),
  cluster_type VARCHAR(64) NOT NULL,
  labels_json VARCHAR NOT NULL,
  cloud_gateway BOOLEAN NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT control_planes_pkey PRIMARY KEY (id),
  CONSTRAINT control_planes_organization_name_key UNIQUE (organization_id, name),
  CONSTRAINT control_planes_organization_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id)
);

-- Reconcile columns (networks and transit_gateways share their names, see Leases.java):
--   next_attempt_at     when the reconciler should look at the row next
--   attempts            consecutive failed attempts (backoff input)
--   lease_owner/_until  which replica drives the row, and until when (row lease)
--   reconcile_requested a user change arrived while a lease was held: the holder's release
--                       must make the row due at once instead of at its backoff time
--   provider_ref        what the reconciler already asked the provider for (an operation URL
--                       or resource id), so that a restart after a crash does not ask twice
--   observed_json       the last observation, for diagnostics
CREATE TABLE networks (
  id UUID NOT NULL,
  organization_id UUID NOT NULL,
  name VARCHAR(255) NOT NULL,
  provider_account_id VARCHAR(255) NOT NULL,
  region VARCHAR(255) NOT NULL,
  availability_zones_json VARCHAR NOT NULL,
  cidr_block VARCHAR(64) NOT NULL,
  default_network BOOLEAN NOT NULL,
  state VARCHAR(32) NOT NULL,
  reported_status VARCHAR(4000),
  reason VARCHAR(16000),
  entity_version BIGINT NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  attempts INTEGER DEFAULT 0 NOT NULL,
  lease_owner VARCHAR(255),
  lease_until TIMESTAMP(3) WITH TIME ZONE,
  reconcile_requested BOOLEAN DEFAULT FALSE NOT NULL,
  provider_ref VARCHAR(4000),
  observed_json VARCHAR,
  CONSTRAINT networks_pkey PRIMARY KEY (id),
  CONSTRAINT networks_organization_name_key UNIQUE (organization_id, name),
  CONSTRAINT networks_organization_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id)
);
CREATE INDEX networks_due_idx ON networks (state, next_attempt_at);

CREATE TABLE transit_gateways (
  id UUID NOT NULL,
  network_id UUID NOT NULL,
  organization_id UUID NOT NULL,
  name VARCHAR(255) NOT NULL,
  attachment_json VARCHAR NOT NULL,
  dns_config_json VARCHAR NOT NULL,
  state VARCHAR(32) NOT NULL,
  reported_status VARCHAR(4000),
  reason VARCHAR(16000),
  entity_version BIGINT NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  attempts INTEGER DEFAULT 0 NOT NULL,
  lease_owner VARCHAR(255),
  lease_until TIMESTAMP(3) WITH TIME ZONE,
  reconcile_requested BOOLEAN DEFAULT FALSE NOT NULL,
  provider_ref VARCHAR(4000),
  observed_json VARCHAR,
  CONSTRAINT transit_gateways_pkey PRIMARY KEY (id),
  CONSTRAINT transit_gateways_network_name_key UNIQUE (network_id, name),
  CONSTRAINT transit_gateways_network_fkey FOREIGN KEY (network_id) REFERENCES networks (id),
  CONSTRAINT transit_gateways_organization_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id)
);
CREATE INDEX transit_gateways_due_idx ON transit_gateways (state, next_attempt_at);
