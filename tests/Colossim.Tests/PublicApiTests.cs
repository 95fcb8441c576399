using PublicApiGenerator;

namespace Colossim.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void The_library_public_api_is_the_approved_one()
    {
        var api = typeof(Colossim.Units.Duration).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        });

        Approvals.Verify("PublicApi.Colossim.Core", api, "cs");
    }
}
