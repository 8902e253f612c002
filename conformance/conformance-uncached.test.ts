// The conformance suite again, both drivers without the record cache (conformance.test.ts runs it with Java's
// default cache): every update forwarded, so every scenario — the windowed ones Java caches too — must match.
process.env['CONFORMANCE_CACHE_MAX_BYTES'] = '0';
await import('./conformance.test.js');
