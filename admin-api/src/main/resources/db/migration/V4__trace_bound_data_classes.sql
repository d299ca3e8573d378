-- Credentials sent to their own issuer (an agent authenticating to the API it calls) are recorded
-- apart from data_classes, which lists only what left towards someone else.
ALTER TABLE traces ADD COLUMN bound_data_classes text[] NOT NULL DEFAULT '{}';
