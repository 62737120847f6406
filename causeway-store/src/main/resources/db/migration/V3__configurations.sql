-- Cloud Gateway configurations (PUT /v2/cloud-gateways/configurations): where a control plane's
-- data planes run. Portable SQL for H2 2.x and PostgreSQL 15, like V1 and V2.

-- One configuration per control plane and geo. The control plane encodes what the request asked
-- for (version, kind, api_access and the data-plane groups with their ids and timestamps) in
-- document; group states are derived when read, from the networks' current rows.
CREATE TABLE cloud_gateway_configurations (
  id UUID NOT NULL,
  organization_id UUID NOT NULL,
  control_plane_id UUID NOT NULL,
  control_plane_geo VARCHAR(8) NOT NULL,
  document VARCHAR NOT NULL,
  entity_version BIGINT NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT cloud_gateway_configurations_pkey PRIMARY KEY (id),
  CONSTRAINT cloud_gateway_configurations_control_plane_geo_key
    UNIQUE (control_plane_id, control_plane_geo),
  CONSTRAINT cloud_gateway_configurations_control_plane_fkey FOREIGN KEY (control_plane_id)
    REFERENCES control_planes (id) ON DELETE CASCADE,
  CONSTRAINT cloud_gateway_configurations_organization_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id)
);
CREATE INDEX cloud_gateway_configurations_list_idx
  ON cloud_gateway_configurations (organization_id, created_at, id);

-- The networks a configuration's groups run in: configuration_reference_count, the
-- configuration-references list, and the refusal to delete a referenced network.
CREATE TABLE configuration_networks (
  configuration_id UUID NOT NULL,
  network_id UUID NOT NULL,
  CONSTRAINT configuration_networks_pkey PRIMARY KEY (configuration_id, network_id),
  CONSTRAINT configuration_networks_configuration_fkey FOREIGN KEY (configuration_id)
    REFERENCES cloud_gateway_configurations (id) ON DELETE CASCADE,
  CONSTRAINT configuration_networks_network_fkey FOREIGN KEY (network_id)
    REFERENCES networks (id)
);
CREATE INDEX configuration_networks_network_idx ON configuration_networks (network_id);
