// The contracts' reads other areas use: the facts of the open contracts (the dashboard's PAR30).
export { factsOf } from './contracts';
