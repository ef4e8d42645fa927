using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary>Every <c>/api/v1</c> endpoint, mapped in one place: one file per resource in this folder, each calling the
/// room that does the work (the API holds no logic of its own beyond validating and shaping requests).</summary>
internal static class ApiRoutes
{
    public static void MapApi(this IEndpointRouteBuilder api)
    {
        api.MapCollectorApi();
        api.MapExpectationApi();
        api.MapNotificationApi();
        api.MapAlertApi();
        api.MapCoverageApi();
        api.MapAuditApi();
        api.MapEnrolmentApi();
    }
}
