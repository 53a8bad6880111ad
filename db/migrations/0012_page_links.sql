-- Page settings shown in the site's header: a logo (an https image address), a link back to the
-- product and a link to support. Null until set; PATCH /admin/v1/page sets or clears them.
ALTER TABLE page ADD COLUMN logo_url TEXT;
ALTER TABLE page ADD COLUMN product_url TEXT;
ALTER TABLE page ADD COLUMN support_url TEXT;
