using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Tokens.Keys;

namespace Tessera.Tokens.Jwt;

/// <summary>
/// Signs a JWT from an explicit claim set. Times are the caller's (from its <see cref="TimeProvider"/>), never the
/// library's clock.
/// </summary>
public static class TokenWriter
{
    private static readonly JsonWebTokenHandler s_handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="claims">Every payload claim, including <c>iat</c>, <c>nbf</c> and <c>exp</c> as Unix seconds.
    /// Values may be strings, numbers, arrays and nested dictionaries.</param>
    public static string Write(SigningKey key, IDictionary<string, object> claims)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = key.Credentials,
            TokenType = "JWT",
        };
        return s_handler.CreateToken(descriptor);
    }
}
