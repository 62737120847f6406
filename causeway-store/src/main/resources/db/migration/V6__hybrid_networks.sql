-- Hybrid mode, data planes in networks (issue #5): a join token may bind the node that redeems
-- it to one network, whose DNS forwarding table (its ready transit gateways') is the only one
-- the node receives; and a counter that every change of a transit gateway's state or dns_config
-- moves in the same transaction, so the cluster hub notices with one primary-key read.
-- Portable SQL for H2 2.x and PostgreSQL 15, like V1.

-- No foreign key: the binding outlives the network (a node whose network is gone forwards
-- nothing, since no transit gateway is ready there), and a network referenced by a
-- configuration cannot be deleted anyway.
ALTER TABLE join_tokens ADD COLUMN network_id UUID;
ALTER TABLE cluster_nodes ADD COLUMN network_id UUID;

-- One row (id 1). A global counter rather than one per network: transit gateway changes are
-- rare, and a hub re-checks only the (control plane, network) pairs it has connections for.
CREATE TABLE dns_forwarding_epoch (
  id INTEGER NOT NULL,
  epoch BIGINT NOT NULL,
  CONSTRAINT dns_forwarding_epoch_pkey PRIMARY KEY (id)
);
INSERT INTO dns_forwarding_epoch (id, epoch) VALUES (1, 0);
