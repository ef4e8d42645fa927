using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;

namespace BackupHealth.Collector.Tests.Store;

public sealed class WeightBudgetTests
{
    [Fact]
    public async Task Takes_within_capacity_are_granted_at_once()
    {
        var budget = new WeightBudget(1_000);

        await budget.TakeAsync(600, CancellationToken.None);
        await budget.TakeAsync(400, CancellationToken.None);

        Assert.Equal(1_000, budget.Held);
    }

    [Fact]
    public async Task A_take_that_does_not_fit_waits_until_enough_is_returned()
    {
        var budget = new WeightBudget(1_000);
        await budget.TakeAsync(800, CancellationToken.None);

        var waiting = budget.TakeAsync(500, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        budget.Return(800);
        await waiting.WaitAsync(TestStore.WriteLimit);
        Assert.Equal(500, budget.Held);
    }

    [Fact]
    public async Task Waiters_are_granted_in_arrival_order_so_a_small_take_does_not_overtake()
    {
        var budget = new WeightBudget(1_000);
        await budget.TakeAsync(900, CancellationToken.None);
        var big = budget.TakeAsync(800, CancellationToken.None).AsTask();

        // 50 would fit beside the 900, but the 800 came first.
        var small = budget.TakeAsync(50, CancellationToken.None).AsTask();
        Assert.False(small.IsCompleted);

        budget.Return(900);
        await Task.WhenAll(big, small).WaitAsync(TestStore.WriteLimit);
        Assert.Equal(850, budget.Held);
    }

    [Fact]
    public async Task A_take_larger_than_the_budget_is_granted_when_nothing_is_held()
    {
        var budget = new WeightBudget(100);
        await budget.TakeAsync(10, CancellationToken.None);
        var huge = budget.TakeAsync(500, CancellationToken.None).AsTask();
        Assert.False(huge.IsCompleted);

        budget.Return(10);

        await huge.WaitAsync(TestStore.WriteLimit);
        Assert.Equal(500, budget.Held);
    }

    [Fact]
    public async Task A_cancelled_waiter_holds_nothing_and_does_not_block_those_behind_it()
    {
        var budget = new WeightBudget(1_000);
        await budget.TakeAsync(900, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.TakeAsync(800, cancel.Token).AsTask();
        var behind = budget.TakeAsync(100, CancellationToken.None).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TestStore.WriteLimit));
        await behind.WaitAsync(TestStore.WriteLimit);
        Assert.Equal(1_000, budget.Held);
    }

    [Fact]
    public async Task A_take_that_would_wait_with_its_token_already_cancelled_is_refused_and_holds_nothing()
    {
        var budget = new WeightBudget(1_000);
        await budget.TakeAsync(900, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await budget.TakeAsync(800, cancel.Token));

        Assert.True(budget.TakeAsync(100, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        Assert.Equal(1_000, budget.Held);
    }

    [Fact]
    public async Task A_budget_below_one_and_a_negative_take_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightBudget(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await new WeightBudget(1).TakeAsync(-1, CancellationToken.None));
        Assert.True(new WeightBudget(1).TakeAsync(0, CancellationToken.None).AsTask().IsCompletedSuccessfully);
    }
}
