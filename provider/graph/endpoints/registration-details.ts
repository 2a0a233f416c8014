import type { GraphHttp } from "../http";
import type { UserRegistrationDetails } from "../types";

export function registrationDetailsApi(http: GraphHttp) {
  return {
    listAll: () => http.listAll<UserRegistrationDetails>("/reports/authenticationMethods/userRegistrationDetails"),
  };
}
