//! The calibration loop: measure, store, apply.
//!
//! A printed gauge is read by hand (which station moved freely); [`record`]
//! turns that reading into a result tied to the filament, printer, nozzle,
//! layer and joint it was printed with, [`ledger`] keeps every result in an
//! append-only JSON Lines file, [`recommend`] turns the matching results into
//! the clearance to design with, and [`feedback`] hands that number back to
//! `plan`, `make` and `check`; [`choice`] decides which clearances a gauge
//! gets and what minimum `check` enforces. [`spoolman`] reads a Spoolman spool export so
//! a print farm's inventory becomes gauge sets whose results keep the spool id.

pub mod choice;
pub mod clock;
pub mod export;
pub mod feedback;
pub mod gauge;
pub mod ledger;
pub mod recommend;
pub mod record;
pub mod spoolman;
