using System.Diagnostics;
using Tessera.Domain.FederatedCredentials.Expressions;

namespace Tessera.Domain.Tests.Expressions;

/// <summary>
/// <c>matches</c> patterns: '*' any run, '?' one character, everything else itself, case-sensitively; and never
/// slower than linear in the value, whatever the pattern.
/// </summary>
public sealed class GlobPatternTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "abc", "abc", true },
        { "abc", "abd", false },
        { "abc", "ab", false },
        { "abc", "abcd", false },
        { "ABC", "abc", false },
        { "", "", true },
        { "", "a", false },
        { "*", "", true },
        { "*", "anything", true },
        { "a*", "a", true },
        { "a*", "abc", true },
        { "a*", "ba", false },
        { "*c", "abc", true },
        { "a*c", "ac", true },
        { "a*c", "abbbc", true },
        { "a*c", "abcd", false },
        { "a**c", "ac", true },
        { "a?c", "abc", true },
        { "a?c", "ac", false },
        { "a?c", "abbc", false },
        { "??", "ab", true },
        { "??", "a", false },
        { "*?", "", false },
        { "*?", "x", true },
        { "a*b*c", "aXbYc", true },
        { "a*b*c", "acb", false },
        { "*a*", "bab", true },
        { "*a*", "bbb", false },
        { "caf?", "caf\u00e9", true },
        { "a?b", "a\U0001F600b", true },
        { "a??b", "a\U0001F600b", false },
        { "repo:org/app:ref:refs/heads/*", "repo:org/app:ref:refs/heads/feature/login", true },
        { "repo:org/app:ref:refs/heads/*", "repo:org/app-evil:ref:refs/heads/main", false },
        { "repo:org/app:ref:refs/heads/*", "repo:org/app:ref:refs/tags/v1", false },
        { "repo:org/*:ref:refs/heads/main", "repo:org/app:ref:refs/heads/main", true },
        { "repo:org/app:ref:refs/tags/v?.*", "repo:org/app:ref:refs/tags/v1.2.3", true },
        { "repo:org/app:ref:refs/tags/v?.*", "repo:org/app:ref:refs/tags/v10.0", false },
        { new string('a', 70) + "*b", new string('a', 70) + "xyzb", true },
        { new string('a', 70) + "*b", new string('a', 69) + "b", false },
        { new string('?', 64), new string('z', 64), true },
        { new string('?', 64), new string('z', 65), false },
        { "a*a*a*a*b", new string('a', 10_000), false },
        { "a*a*a*a*b", new string('a', 10_000) + "b", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pattern_matches_exactly_the_values_it_describes(string pattern, string value, bool expected)
    {
        var glob = GlobPattern.Compile(pattern);

        Assert.Equal(expected, glob.IsMatch(value));
    }

    [Theory]
    [InlineData("a*a*a*a*a*a*a*a*a*a*a*a*b")]
    [InlineData("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*")]
    [InlineData("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?b")]
    public void Adversarial_pattern_against_a_long_value_takes_linear_time(string pattern)
    {
        // A backtracking matcher needs astronomically many steps for these; a linear one, milliseconds.
        var glob = GlobPattern.Compile(pattern);
        var value = new string('a', 200_000);
        var clock = Stopwatch.StartNew();

        var matched = glob.IsMatch(value);

        Assert.Equal(pattern.EndsWith('*'), matched);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Longest_pattern_against_a_long_value_takes_linear_time()
    {
        var glob = GlobPattern.Compile(string.Concat(Enumerable.Repeat("*a", 300)));
        var value = new string('a', 299) + new string('b', 100_000);
        var clock = Stopwatch.StartNew();

        var matched = glob.IsMatch(value);

        Assert.False(matched);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalMilliseconds} ms");
    }
}
