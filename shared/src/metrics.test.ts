import { describe, expect, it } from 'vitest';
import { METRICS, METRIC_BY_ID, betterOf } from './metrics.ts';

describe('metric directions', () => {
  it('mark more proactive disclosure and a larger granted share as better', () => {
    expect(METRIC_BY_ID.get('proactive.total')!.better).toBe('higher');
    expect(METRIC_BY_ID.get('applications.granted_share')!.better).toBe('higher');
  });
  it('mark denials and decisions corrected on reconsideration or in court as worse', () => {
    for (const id of ['applications.denied', 'review.corrected_rate', 'litigation.corrected', 'litigation.corrected_rate', 't4.review.corrected', 't4.suit_direct.corrected', 't3.denied.state_secret.total']) {
      expect(METRIC_BY_ID.get(id)!.better, id).toBe('lower');
    }
  });
  it('leave volumes of demand and activity neutral', () => {
    for (const id of ['applications.received', 'applications.handled', 'review.total', 'litigation.total', 'disputes.total', 'licensing.decisions', 'penalty.decisions', 'fees.amount', 't3.new_received.total', 't4.review.upheld']) {
      expect(METRIC_BY_ID.get(id)!.better, id).toBe('neutral');
    }
  });
  it('gives every metric a direction, and a share one only where its numerator has the same or none', () => {
    for (const m of METRICS) expect(['higher', 'lower', 'neutral']).toContain(m.better);
    expect(betterOf('no.such.metric')).toBe('neutral');
    // A corrected rate is lower-is-better like its numerator.
    for (const m of METRICS.filter((x) => x.ratio && x.better === 'lower')) expect(['lower', 'neutral']).toContain(METRIC_BY_ID.get(m.ratio!.numerator)!.better);
  });
});
