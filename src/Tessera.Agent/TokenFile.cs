using System.Text;
using Tessera.Client.Files;

namespace Tessera.Agent;

/// <summary>
/// The file a workload's SDK reads its token from. Each write replaces the file atomically (new file, then
/// rename), so a reader sees the old token or the new one, never a mix; the token is written without a trailing
/// newline because some SDKs send the file's bytes as they are.
/// </summary>
public sealed class TokenFile(string path)
{
    public string Path { get; } = path;

    public void Write(WorkloadToken token) => PrivateFiles.Write(Path, Encoding.ASCII.GetBytes(token.Token));
}
