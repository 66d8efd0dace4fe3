using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>
/// Hands out numbered tokens (<c>token-1</c>, <c>token-2</c>, …) on a fake clock; can hold every exchange until
/// released, or fail the next ones.
/// </summary>
internal sealed class FakeExchanger(TimeProvider time) : IAccessTokenExchanger
{
    private readonly object _gate = new();
    private TaskCompletionSource _release = Released();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan? RefreshIn { get; set; } = TimeSpan.FromHours(12);

    /// <summary>What the next exchanges throw, until set back to null.</summary>
    public EndpointError? Failure { get; set; }

    public List<(Guid ClientId, string Resource)> Requests { get; } = [];

    /// <summary>Makes exchanges wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _release.TrySetResult();
        }
    }

    public async Task<ExchangedToken> ExchangeAsync(
        ServedIdentity identity, string resource, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _calls);
        Task release;
        lock (_gate)
        {
            Requests.Add((identity.ClientId, resource));
            release = _release.Task;
        }

        await release.WaitAsync(cancellationToken);
        if (Failure is { } failure)
        {
            throw new ManagedIdentityException(failure);
        }

        return ExchangedToken.From($"token-{number}", time.GetUtcNow(), Lifetime, RefreshIn);
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }
}
