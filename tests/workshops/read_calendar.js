// Reads iCalendar documents with Mozilla's ical.js (the parser of Thunderbird) the way a
// calendar program does: times with a TZID are resolved through the document's own
// VTIMEZONE; without one, ical.js falls back to floating time (read as UTC here).
//
// stdin: ["BEGIN:VCALENDAR...", ...]
// stdout: [{"error": "..."} | {"method", "timezones", "components", "events": [
//           {"uid", "start", "end" (seconds since 1970, UTC), "zone", "summary",
//            "description", "location", "status", "sequence", "organizer", "dtstamp"}]}]
const ICAL = require('ical.js');

const documents = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const results = documents.map((text) => {
  try {
    const calendar = new ICAL.Component(ICAL.parse(text));
    if (calendar.name !== 'vcalendar') {
      return {error: `not a VCALENDAR but ${calendar.name}`};
    }
    return {
      method: calendar.getFirstPropertyValue('method'),
      version: calendar.getFirstPropertyValue('version'),
      prodid: calendar.getFirstPropertyValue('prodid'),
      timezones: calendar.getAllSubcomponents('vtimezone').map(
        (zone) => zone.getFirstPropertyValue('tzid')),
      components: calendar.getAllSubcomponents().length,
      events: calendar.getAllSubcomponents('vevent').map((component) => {
        const event = new ICAL.Event(component);
        const organizer = component.getFirstProperty('organizer');
        return {
          uid: event.uid,
          start: event.startDate.toUnixTime(),
          end: event.endDate.toUnixTime(),
          zone: event.startDate.zone ? event.startDate.zone.tzid : null,
          summary: event.summary,
          description: event.description,
          location: event.location,
          status: component.getFirstPropertyValue('status'),
          sequence: event.sequence,
          dtstamp: component.getFirstPropertyValue('dtstamp') ? true : false,
          organizer: organizer ? organizer.getFirstValue() : null,
          organizer_name: organizer ? organizer.getParameter('cn') : null,
        };
      }),
    };
  } catch (error) {
    return {error: String(error)};
  }
});
process.stdout.write(JSON.stringify(results));
