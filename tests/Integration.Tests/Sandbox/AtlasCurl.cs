using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// Calls the Atlas Admin API emulator with the real <c>/usr/bin/curl</c> and HTTP Digest, as the README shows a user
/// doing, with the API key read from the seed file the sandbox wrote.
/// </summary>
public sealed class AtlasCurl(Uri baseUrl, string publicKey, string privateKey)
{
    public const string CurlPath = "/usr/bin/curl";
    public const string FlexMediaType = "application/vnd.atlas.2024-11-13+json";
    public const string TenantMediaType = "application/vnd.atlas.2023-01-01+json";

    /// <summary>Reads the first API key of <c>atlas-seed.json</c>, as <c>jq -r '.apiKeys[0].privateKey'</c> would.</summary>
    public static AtlasCurl FromSeedFile(Uri baseUrl, string seedPath)
    {
        var key = JsonNode.Parse(File.ReadAllText(seedPath))!["apiKeys"]![0]!;
        return new AtlasCurl(baseUrl, key["publicKey"]!.GetValue<string>(), key["privateKey"]!.GetValue<string>());
    }

    /// <summary>GET of a path under <c>/api/atlas/v2/groups/{projectId}/</c>.</summary>
    public async Task<CurlResponse> GetAsync(string projectId, string path, string mediaType, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, $"api/atlas/v2/groups/{projectId}/{path}");
        var info = new ProcessStartInfo(CurlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--silent", "--show-error", "--max-time", "30", "--digest", "--user", $"{publicKey}:{privateKey}",
                     "-H", $"Accept: {mediaType}", "--write-out", "\n%{http_code}", url.ToString() })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("curl did not start");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var output = await stdout;
            var split = output.LastIndexOf('\n');
            var status = int.TryParse(output[(split + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
            return new CurlResponse(status, split < 0 ? "" : output[..split], await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
