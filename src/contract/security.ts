// The content security policy of the app's page, shared by both doors that serve the renderer
// (the Electron window and the browser-mode server) so they run it under identical rules.
// 'unsafe-inline' styles: Mantine injects style tags.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'none'";
