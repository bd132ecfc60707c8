// Explain: which answer a client gets now and why (GET /api/explain), in one sentence and in detail.
import { get } from './api.js';
import { h, replaceChildren } from './dom.js';
import { field, fieldForm } from './form.js';

function sentence(query, result) {
  const who = `client ${query.client}${query.ecs ? ` with ECS ${query.ecs}` : ''}`;
  if (!result.pool) return `${who} asking ${query.name} ${query.type}: no pool answers it, so the zone's own records do.`;
  const answer = result.answer.length > 0 ? result.answer.join(', ') : 'no address';
  const because = [`pool ${result.pool}`, result.region ? `region ${result.region} (located by ${result.locatedBy})` : `no region (located by ${result.locatedBy})`, `TTL ${result.ttl} s: ${result.ttlReason}`];
  return `${who} gets ${answer}, because ${because.join('; ')}${result.scope !== null && result.scope !== undefined ? `; ECS scope /${result.scope}` : ''}.`;
}

function details(result) {
  const rows = [['Pool', result.pool ?? 'none'], ['Region', result.region ?? 'none'], ['Located by', result.locatedBy],
    ['Answer', result.answer.join(', ') || '—'], ['TTL', `${result.ttl} s (${result.ttlReason})`], ['ECS scope', result.scope ?? '—']];
  return h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export const explainView = {
  mount(element) {
    const output = h('div', { class: 'explain-output', role: 'status', 'aria-live': 'polite' });
    const fields = [
      field({ name: 'name', label: 'Name', placeholder: 'www.lab.test.', required: true }),
      field({ name: 'type', label: 'Type', options: ['A', 'AAAA'], value: 'A' }),
      field({ name: 'client', label: 'Client address', placeholder: '10.1.2.3', value: '127.0.0.1', required: true }),
      field({ name: 'ecs', label: 'ECS subnet (optional)', placeholder: '10.1.0.0/24', hint: 'EDNS Client Subnet, as a resolver would send it.' }),
    ];
    const { form } = fieldForm({
      label: 'Explain',
      fields,
      submit: 'Explain',
      onSubmit: async (v) => {
        const query = new URLSearchParams({ name: v.name, type: v.type, client: v.client });
        if (v.ecs) query.set('ecs', v.ecs);
        const result = await get(`/api/explain?${query}`);
        replaceChildren(output,
          h('p', { class: 'sentence' }, sentence(v, result)),
          details(result),
          h('details', {}, h('summary', {}, 'The whole explanation'), h('pre', {}, result.text)));
      },
    });
    replaceChildren(element, h('p', { class: 'hint' }, 'Which answer a client gets now from a pool record, and why.'), form, output);
  },
};
