using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Agent.Enrolment;

/// <summary>The agent's key pair is made on the agent and never leaves it: the collector only ever sees a PKCS#10
/// request, signed with the key to prove the agent holds it.</summary>
internal static class AgentKey
{
    /// <summary>ECDSA P-256, the only key the collector signs for.</summary>
    public static ECDsa Create() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static X500DistinguishedName Subject(string agentId)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(agentId);
        return name.Build();
    }

    /// <summary>A PKCS#10 request (DER) for <paramref name="key"/>; the collector decides what the certificate says.</summary>
    public static byte[] SigningRequest(ECDsa key, X500DistinguishedName subject) =>
        new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequest();
}
