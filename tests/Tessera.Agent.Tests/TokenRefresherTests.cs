using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Tessera.Agent.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TokenRefresherTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tessera-agent-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _folder.Delete(recursive: true);

    private TokenFile File => new(Path.Combine(_folder.FullName, "token"));

    [Fact]
    public void Token_file_is_private_and_has_no_trailing_newline()
    {
        File.Write(new WorkloadToken("aaa.bbb.ccc", _time.GetUtcNow(), _time.GetUtcNow().AddHours(1)));

        Assert.Equal("aaa.bbb.ccc", System.IO.File.ReadAllText(File.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File.Path));
    }

    [Fact]
    public void Rewriting_replaces_the_file_and_leaves_no_temporary_files()
    {
        File.Write(new WorkloadToken("first", _time.GetUtcNow(), _time.GetUtcNow().AddHours(1)));

        File.Write(new WorkloadToken("second", _time.GetUtcNow(), _time.GetUtcNow().AddHours(1)));

        Assert.Equal("second", System.IO.File.ReadAllText(File.Path));
        Assert.Equal(["token"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void Renewal_is_due_at_80_percent_of_the_lifetime_with_at_most_5_percent_jitter()
    {
        var refresher = new TokenRefresher(new ScriptedSource(_time), File, _time, NullLogger<TokenRefresher>.Instance);
        var token = new WorkloadToken("t", _time.GetUtcNow(), _time.GetUtcNow().AddSeconds(3600));

        var delays = Enumerable.Range(0, 50).Select(_ => refresher.RenewalDelay(token).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 2700, 2880));
        Assert.True(delays.Distinct().Count() > 1, "renewals should be jittered");
    }

    [Fact]
    public void Renewal_never_comes_sooner_than_five_seconds()
    {
        var refresher = new TokenRefresher(new ScriptedSource(_time), File, _time, NullLogger<TokenRefresher>.Instance);

        var delay = refresher.RenewalDelay(new WorkloadToken("t", _time.GetUtcNow(), _time.GetUtcNow().AddSeconds(2)));

        Assert.Equal(TimeSpan.FromSeconds(5), delay);
    }

    [Fact]
    public async Task Failed_renewal_keeps_the_old_token_and_retries_until_it_succeeds()
    {
        var source = new ScriptedSource(_time) { FailuresBeforeSuccess = 2 };
        var refresher = new TokenRefresher(source, File, _time, NullLogger<TokenRefresher>.Instance);
        var first = await refresher.WriteFirstAsync(default);
        source.FailuresBeforeSuccess = 2;
        using var stop = new CancellationTokenSource();

        var running = refresher.RunAsync(first, stop.Token);
        await AdvanceUntilAsync(() => source.Calls >= 2, TimeSpan.FromSeconds(30));
        var duringFailures = System.IO.File.ReadAllText(File.Path);
        await AdvanceUntilAsync(() => source.Calls >= 4, TimeSpan.FromSeconds(1));
        var afterRecovery = System.IO.File.ReadAllText(File.Path);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal("token-1", duringFailures);
        Assert.Equal("token-4", afterRecovery);
    }

    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            _time.Advance(step);
            await Task.Delay(2);
        }

        Assert.True(condition());
    }

    private sealed class ScriptedSource(TimeProvider time) : IWorkloadTokenSource
    {
        public int Calls { get; private set; }

        public int FailuresBeforeSuccess { get; set; }

        public Task<WorkloadToken> GetAsync(CancellationToken cancellationToken)
        {
            Calls++;
            if (Calls > 1 && FailuresBeforeSuccess-- > 0)
            {
                throw new HttpRequestException("Tessera is unreachable");
            }

            var now = time.GetUtcNow();
            return Task.FromResult(new WorkloadToken($"token-{Calls}", now, now.AddMinutes(10)));
        }
    }
}
