using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Bench.Exchange;

/// <summary>
/// The ceiling an exchange cannot beat: one RS256 verification (the workload token) and one RS256 signature (the
/// access token) per exchange, measured on one core, the server's budget, with the same .NET crypto the server uses.
/// </summary>
internal static class CryptoLimit
{
    public static double PairsPerSecond(TimeSpan duration, string algorithm = "RS256")
    {
        using var issuerKey = RSA.Create(2048);
        using var stsRsa = RSA.Create(2048);
        using var stsEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var input = Encoding.ASCII.GetBytes(new string('x', 700));
        var signature = issuerKey.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var output = Encoding.ASCII.GetBytes(new string('y', 900));

        var process = Process.GetCurrentProcess();
        var affinity = process.ProcessorAffinity;
        process.ProcessorAffinity = 1;
        try
        {
            var pairs = 0L;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                if (!issuerKey.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                {
                    throw new InvalidOperationException("verification failed");
                }

                _ = algorithm == "ES256"
                    ? stsEc.SignData(output, HashAlgorithmName.SHA256)
                    : stsRsa.SignData(output, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                pairs++;
            }

            return pairs / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            process.ProcessorAffinity = affinity;
        }
    }
}
