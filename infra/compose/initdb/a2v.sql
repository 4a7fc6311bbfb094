-- The a2v results database beside Temporal's own (temporal, temporal_visibility).
CREATE ROLE a2v LOGIN PASSWORD 'a2v' CREATEDB;
CREATE DATABASE a2v OWNER a2v;
