// Every Graph route the emulator serves. Order matters only where patterns overlap (literal before {param}).
import type { Route } from "../router";
import { securityDefaultsRoutes } from "./security-defaults";
import { conditionalAccessRoutes } from "./conditional-access";
import { authenticationMethodsRoutes } from "./authentication-methods";
import { userAuthenticationRoutes } from "./user-authentication";
import { directoryRoutes } from "./directory";
import { reportRoutes } from "./reports";

export const ROUTES: readonly Route[] = [
  ...securityDefaultsRoutes,
  ...conditionalAccessRoutes,
  ...authenticationMethodsRoutes,
  ...userAuthenticationRoutes,
  ...directoryRoutes,
  ...reportRoutes,
];
