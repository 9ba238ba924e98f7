import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Status from './Status.svelte';

describe('Status', () => {
  it('shows an API error as a message with a retry button', async () => {
    const onretry = vi.fn();
    render(Status, { error: 'unknown region code 99 (HTTP 400, parent)', onretry });
    expect(screen.getByRole('alert').textContent).toContain('unknown region code 99');
    await fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(onretry).toHaveBeenCalled();
  });
  it('says what is empty, and shows loading', () => {
    const { unmount } = render(Status, { empty: '该县（区）在所选年度没有报告。' });
    expect(screen.getByRole('status').textContent).toContain('没有报告');
    unmount();
    render(Status, { loading: true });
    expect(screen.getByRole('status').textContent).toContain('加载中');
  });
});
