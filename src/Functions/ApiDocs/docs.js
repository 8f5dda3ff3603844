// The API reference of /api/openapi.json (Scalar, served by this host; no CDN: default fonts off, the CSP allows 'self' only).
Scalar.createApiReference('#app', { url: '/api/openapi.json', withDefaultFonts: false, hideClientButton: false });
