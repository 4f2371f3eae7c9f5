import { startServer, registrationJson } from './lib/server.mjs';
const srv = await startServer();
const a = await srv.apiLogin('anna');
const r = await a.postJson('/api/v1/cases', registrationJson({child:{family_name:'<script>alert(1)</script>"><img src=x onerror=alert(1)>'}}));
console.log((await a.getJson(r.location)).text.slice(0,400));
await srv.stop();
