namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// A <c>matches</c> pattern: <c>*</c> stands for any run of characters (none included), <c>?</c> for exactly one,
/// every other character for itself, case-sensitively. Matching simulates the pattern's automaton on all its states
/// at once, one bit per state, so it reads each character of the value once and never backtracks: the time is
/// proportional to the value's length times the pattern's length in 64-character words, whatever the pattern
/// (<c>a*a*a*a*b</c> against a long run of <c>a</c> costs what <c>abc</c> does). Characters are Unicode scalars:
/// <c>?</c> matches one, even when it takes two UTF-16 code units.
/// </summary>
public sealed class GlobPattern
{
    private const int AnyRun = -1;
    private const int AnyOne = -2;

    // Bit i of a state set means "the first i pattern elements have matched"; bit Length means the whole pattern has.
    private readonly int _accept;
    private readonly int _words;
    private readonly ulong[] _anyRun;
    private readonly ulong[] _anyOne;
    private readonly Dictionary<int, ulong[]> _literals;

    private GlobPattern(string text, int[] elements)
    {
        Text = text;
        _accept = elements.Length;
        _words = (elements.Length / 64) + 1;
        _anyRun = new ulong[_words];
        _anyOne = new ulong[_words];
        _literals = [];
        for (var i = 0; i < elements.Length; i++)
        {
            var mask = elements[i] switch
            {
                AnyRun => _anyRun,
                AnyOne => _anyOne,
                var literal => Literal(literal),
            };
            mask[i / 64] |= 1UL << (i % 64);
        }

        HasLiteral = elements.Any(e => e >= 0);
        HasWildcard = elements.Any(e => e < 0);
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether any character of the pattern stands for itself.</summary>
    public bool HasLiteral { get; }

    public bool HasWildcard { get; }

    public static GlobPattern Compile(string pattern)
    {
        var elements = new List<int>();
        foreach (var rune in pattern.EnumerateRunes())
        {
            var element = rune.Value switch
            {
                '*' => AnyRun,
                '?' => AnyOne,
                var value => value,
            };

            // "**" means what "*" does; collapsing runs keeps each star followed by a non-star, so one step of
            // closure below is enough.
            if (element == AnyRun && elements.Count > 0 && elements[^1] == AnyRun)
            {
                continue;
            }

            elements.Add(element);
        }

        return new GlobPattern(pattern, [.. elements]);
    }

    public bool IsMatch(string value)
    {
        Span<ulong> current = stackalloc ulong[_words];
        Span<ulong> next = stackalloc ulong[_words];
        current[0] = 1;
        SkipEmptyRuns(current);

        foreach (var rune in value.EnumerateRunes())
        {
            var literal = _literals.GetValueOrDefault(rune.Value);
            ulong carry = 0;
            ulong alive = 0;
            for (var w = 0; w < _words; w++)
            {
                // A state advances past a '?' or a matching literal, and stays on a '*', which takes the character.
                var advancing = current[w] & (_anyOne[w] | (literal is null ? 0 : literal[w]));
                next[w] = (advancing << 1) | carry | (current[w] & _anyRun[w]);
                carry = advancing >> 63;
                alive |= next[w];
            }

            if (alive == 0)
            {
                return false;
            }

            SkipEmptyRuns(next);
            var swap = current;
            current = next;
            next = swap;
        }

        return (current[_accept / 64] & (1UL << (_accept % 64))) != 0;
    }

    /// <summary>A '*' may match nothing: a state standing before one also stands after it.</summary>
    private void SkipEmptyRuns(Span<ulong> states)
    {
        ulong carry = 0;
        for (var w = 0; w < _words; w++)
        {
            var beforeRun = states[w] & _anyRun[w];
            states[w] |= (beforeRun << 1) | carry;
            carry = beforeRun >> 63;
        }
    }

    private ulong[] Literal(int value)
    {
        if (!_literals.TryGetValue(value, out var mask))
        {
            mask = new ulong[_words];
            _literals[value] = mask;
        }

        return mask;
    }
}
