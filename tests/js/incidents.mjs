// A JavaScript SDK v3 client, configured by the environment only, as a real program would be.
// Usage: node incidents.mjs get <arn> | create-event <arn> | missing <arn>
import {
  SSMIncidentsClient,
  GetIncidentRecordCommand,
  CreateTimelineEventCommand,
} from "@aws-sdk/client-ssm-incidents";

const [action, arn] = process.argv.slice(2);
const client = new SSMIncidentsClient({ maxAttempts: 1 });

try {
  if (action === "create-event") {
    const created = await client.send(
      new CreateTimelineEventCommand({
        incidentRecordArn: arn,
        eventTime: new Date("2026-03-14T10:00:00Z"),
        eventType: "Note",
        eventData: JSON.stringify("Paged from JavaScript"),
      }),
    );
    console.log(JSON.stringify({ eventId: created.eventId, status: created.$metadata.httpStatusCode }));
  } else {
    const got = await client.send(new GetIncidentRecordCommand({ arn }));
    const record = got.incidentRecord;
    console.log(JSON.stringify({ title: record.title, impact: record.impact, created: record.creationTime.toISOString() }));
  }
} catch (error) {
  console.log(JSON.stringify({ error: error.name, status: error.$metadata?.httpStatusCode, resourceType: error.resourceType }));
}
