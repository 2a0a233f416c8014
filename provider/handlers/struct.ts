/** A deep copy that a protobuf Struct can hold: `undefined` members dropped, Dates as ISO strings. */
export function toStruct<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
