// A real OpenID Provider for OidcSignInIT, on the oidc-provider library: discovery, JWKS,
// authorization with its own sign-in and consent pages, PKCE required, the code exchange,
// userinfo and end-session. Usage:
//   node provider.mjs <port> <clientId> <clientSecret> <redirectUris,...> <postLogoutUris,...>
// Anyone may sign in with any password (the provider's development pages); the people below get
// their email, name and groups, others only a subject. Prints "listening <issuer>" when ready.
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirects, postLogouts] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const people = {
  alice: { email: 'alice@example.org', email_verified: true, name: 'Alice Liddell', groups: ['staff', '/portagent-admins'] },
  bob: { email: 'bob@example.org', email_verified: true, name: 'Bob Builder', groups: ['staff'] },
  'carol@example.org': { email: 'carol@example.org', email_verified: true, name: 'Carol', groups: [] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirects.split(','),
    post_logout_redirect_uris: postLogouts.split(','),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, preferred_username: id, ...(people[id] || {}) }),
  }),
  pkce: { required: () => true },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});
provider.proxy = false;

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
