namespace Tessera.Sts.SignIns;

/// <summary>How the sign-in log buffers, writes and forgets records.</summary>
public sealed record SignInLogOptions
{
    /// <summary>Records waiting to be written; beyond this, new records are dropped rather than slowing exchanges.</summary>
    public int QueueCapacity { get; init; } = 50_000;

    /// <summary>Most records written in one transaction. Writing competes with exchanges for the same cores, so a
    /// batch is kept small enough that the pause it causes stays well under a millisecond or two.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Records older than this are deleted.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>At most this many records are kept, the newest.</summary>
    public int MaxRecords { get; init; } = 1_000_000;

    /// <summary>How often old records are trimmed.</summary>
    public TimeSpan TrimInterval { get; init; } = TimeSpan.FromHours(1);
}
