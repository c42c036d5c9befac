using LeadsAssurance.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.InitializeDatabaseAsync(args);
app.UseApplicationPipeline();
app.Run();

public partial class Program;
