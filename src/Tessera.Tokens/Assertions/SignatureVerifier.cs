using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens.Assertions;

/// <summary>
/// Verifies a JWS signature over raw bytes with one given key, through Microsoft.IdentityModel's crypto providers.
/// Kept separate from token parsing so test vectors can drive it directly.
/// </summary>
public static class SignatureVerifier
{
    public static bool Verify(AsymmetricSecurityKey key, string algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var factory = CryptoProviderFactory.Default;
        if (!factory.IsSupportedAlgorithm(algorithm, key))
        {
            return false;
        }

        var provider = factory.CreateForVerifying(key, algorithm);
        try
        {
            return provider.Verify(data.ToArray(), signature.ToArray());
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return false;
        }
        finally
        {
            factory.ReleaseSignatureProvider(provider);
        }
    }
}
