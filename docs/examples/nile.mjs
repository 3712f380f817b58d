// A new user's first try with a third-party client (npm solr-client): add a document outside the
// demo cross-encoder's domain (scientific claims) to the demo index and ask a question about it,
// once with the rerank operator `replace` and once with `blend` (what /semantic uses).
// Start the demo Solr first (mvn -q -Pdemo, port 8983), then: npm install && node nile.mjs
import solr from 'solr-client';

const client = solr.createClient({
  host: process.env.SOLR_HOST || 'localhost',
  port: process.env.SOLR_PORT || 8983,
  core: 'neural',
  path: '/solr',
});
const QUESTION = 'Which river flows into the Mediterranean?';
const NILE = {
  id: 'nile',
  title: 'The Nile',
  text:
    'The Nile is a river in northeastern Africa. It rises in the highlands of East Africa, ' +
    'flows north through Uganda, South Sudan, Sudan and Egypt, and empties into the ' +
    'Mediterranean Sea through a wide delta north of Cairo. At about 6,650 km it is one of the ' +
    'longest rivers in the world.',
};

// solr-client 0.9 takes Node-style callbacks; each call becomes a promise here.
const call = (method, ...args) =>
  new Promise((resolve, reject) =>
    client[method](...args, (err, obj) => (err ? reject(err) : resolve(obj))));

async function ask(operator) {
  const rq = `{!cross_encoder model=reranker reRankDocs=20 reRankOperator=${operator} v=$q}`;
  // All 20 reranked chunks, to show where the Nile lands; /semantic alone returns the top 3.
  const query = client.query().q(QUESTION).set('rq=' + encodeURIComponent(rq)).rows(20);
  const docs = (await call('get', 'semantic', query)).response.docs;
  console.log(`reRankOperator=${operator}`);
  docs.forEach((hit, i) => {
    if (i < 3 || hit.id.startsWith(NILE.id + '#')) {
      const text = hit.chunk_text.replace(/\s+/g, ' ').slice(0, 56);
      console.log(`  #${String(i + 1).padEnd(2)} ${hit.score.toFixed(4).padStart(8)}  ${hit.id.padEnd(22)} ${text}...`);
    }
  });
}

await call('add', NILE, { commit: true });
console.log(`added '${NILE.id}'; question: ${QUESTION}`);
await ask('replace');
await ask('blend');
