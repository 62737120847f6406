-- The cluster CA (hybrid mode: the control plane's own CA that signs the cluster listener's server
-- certificate and every data plane's client certificate) lives in the store, not in one replica's
-- DATA_DIR: every replica of a store serves the same CA, and a restored backup keeps it, so joined
-- data planes keep trusting their control plane. One row at most. Portable SQL for H2 2.x and
-- PostgreSQL 15, like V1.
CREATE TABLE cluster_ca (
  id SMALLINT NOT NULL,
  certificate_pem TEXT NOT NULL,
  key_pem TEXT NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT cluster_ca_pkey PRIMARY KEY (id),
  CONSTRAINT cluster_ca_one_row CHECK (id = 1)
);
